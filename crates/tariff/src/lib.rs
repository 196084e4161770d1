//! chuanyu-tariff: placeholder until its first module lands.
