//! The `chuanyu` binary.
fn main() {}
