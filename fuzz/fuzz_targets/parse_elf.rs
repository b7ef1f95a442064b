//! Fuzzes the ELF reader and the whole judgement of one image: any input must
//! give a report or an error, never a panic, hang or huge allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = muslab_check::read_source::read_elf_bytes(data);
    let opts = muslab_check::Options::default();
    let _ = muslab_check::check_bytes(data, "fuzz-input", &opts);
});
