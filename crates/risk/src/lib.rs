//! chuanyu-risk: placeholder until its first module lands.
