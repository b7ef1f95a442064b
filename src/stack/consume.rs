//! A job that really uses a given amount of stack.

use std::hint::black_box;

/// One frame's worth of locals. A page, so that every page of the stack is
/// written in turn and a guard page cannot be jumped over.
const FRAME: usize = 4096;

/// Uses at least `bytes` of stack in nested frames of one page each, writing
/// every byte, and returns a value that depends on all of them so that no
/// frame is optimised away.
#[inline(never)]
pub fn use_stack(bytes: usize) -> u64 {
    let mut frame = [0u8; FRAME];
    for (i, b) in frame.iter_mut().enumerate() {
        *b = (i as u8) ^ (bytes as u8);
    }
    black_box(&mut frame);
    let below = if bytes > FRAME {
        use_stack(bytes - FRAME)
    } else {
        0
    };
    black_box(below.wrapping_add(frame[bytes % FRAME] as u64))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fits_in_the_main_thread() {
        super::use_stack(64 << 10);
    }
}
