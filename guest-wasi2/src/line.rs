//! One line of output, built in a stack buffer (the program has no heap)
//! and sent through stdout's output-stream. Text past the end is cut off.

use crate::wasi::{self, Stdio};

pub struct Line {
    buf: [u8; 320],
    len: usize,
}

impl Line {
    pub fn new() -> Self {
        Line { buf: [0; 320], len: 0 }
    }

    pub fn put(&mut self, bytes: &[u8]) -> &mut Self {
        let take = bytes.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + take].copy_from_slice(&bytes[..take]);
        self.len += take;
        self
    }

    pub fn num(&mut self, mut n: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return self.put(&digits[start..]);
            }
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Writes the line to stdout and empties it. If stdout itself fails
    /// there is no one left to tell, so the error is dropped.
    pub fn show(&mut self) {
        let _ = wasi::print(Stdio::Out, self.bytes());
        self.len = 0;
    }
}
