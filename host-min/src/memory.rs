//! Checked access to a guest's linear memory. Every pointer, length and count
//! a guest hands the host goes through here: the range is computed in 64-bit
//! arithmetic, so `ptr + len` cannot wrap around, and must lie wholly inside
//! the memory, or the access is refused. Nothing here can panic.

use std::fmt;

/// A range a guest named that does not lie inside its memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRange {
    pub ptr: u32,
    pub len: u64,
    pub memory_size: usize,
}

impl fmt::Display for BadRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bytes {}..+{} lie outside the guest's {}-byte memory",
            self.ptr, self.len, self.memory_size
        )
    }
}

impl std::error::Error for BadRange {}

/// Where `ptr..ptr+len` sits in a memory of `memory_size` bytes.
fn checked(memory_size: usize, ptr: u32, len: u64) -> Result<std::ops::Range<usize>, BadRange> {
    let end = u64::from(ptr) + len; // cannot overflow: both are below 2^33
    if end > memory_size as u64 {
        return Err(BadRange { ptr, len, memory_size });
    }
    Ok(ptr as usize..end as usize)
}

/// Reads `len` bytes at `ptr`.
pub fn read(memory: &[u8], ptr: u32, len: u32) -> Result<&[u8], BadRange> {
    checked(memory.len(), ptr, u64::from(len)).map(|range| &memory[range])
}

/// The `len` bytes at `ptr`, for writing.
pub fn slice_mut(memory: &mut [u8], ptr: u32, len: u32) -> Result<&mut [u8], BadRange> {
    checked(memory.len(), ptr, u64::from(len)).map(|range| &mut memory[range])
}

/// Writes `bytes` at `ptr`.
pub fn write(memory: &mut [u8], ptr: u32, bytes: &[u8]) -> Result<(), BadRange> {
    let range = checked(memory.len(), ptr, bytes.len() as u64)?;
    memory[range].copy_from_slice(bytes);
    Ok(())
}

/// Reads a little-endian u32 at `ptr`.
pub fn read_u32(memory: &[u8], ptr: u32) -> Result<u32, BadRange> {
    let bytes = read(memory, ptr, 4)?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// Writes a little-endian u32 at `ptr`.
pub fn write_u32(memory: &mut [u8], ptr: u32, value: u32) -> Result<(), BadRange> {
    write(memory, ptr, &value.to_le_bytes())
}

/// Writes a little-endian u64 at `ptr`.
pub fn write_u64(memory: &mut [u8], ptr: u32, value: u64) -> Result<(), BadRange> {
    write(memory, ptr, &value.to_le_bytes())
}

/// `count` records of `record_size` bytes at `ptr`, as one checked range:
/// an absurd count is refused before anything is read.
pub fn records(memory: &[u8], ptr: u32, count: u32, record_size: u32) -> Result<&[u8], BadRange> {
    let len = u64::from(count) * u64::from(record_size);
    checked(memory.len(), ptr, len).map(|range| &memory[range])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_inside_memory_are_allowed_up_to_the_last_byte() {
        let memory = [1u8, 2, 3, 4];
        assert_eq!(read(&memory, 0, 4).unwrap(), &[1, 2, 3, 4]);
        assert_eq!(read(&memory, 4, 0).unwrap(), &[] as &[u8]);
        assert_eq!(read(&memory, 3, 1).unwrap(), &[4]);
    }

    #[test]
    fn ranges_past_the_end_or_that_would_wrap_are_refused() {
        let memory = [0u8; 16];
        assert!(read(&memory, 16, 1).is_err());
        assert!(read(&memory, 17, 0).is_err());
        // In 32-bit arithmetic 0xffff_fff0 + 0x20 wraps to 0x10 and would pass.
        let wrapped = read(&memory, 0xffff_fff0, 0x20).unwrap_err();
        assert_eq!(
            wrapped.to_string(),
            "bytes 4294967280..+32 lie outside the guest's 16-byte memory"
        );
        assert!(records(&memory, 0, u32::MAX, 8).is_err());
    }
}
