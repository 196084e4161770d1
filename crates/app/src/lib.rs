//! chuanyu-app: placeholder until its first module lands.
