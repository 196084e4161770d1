//! chuanyu-domain: placeholder until its first module lands.
