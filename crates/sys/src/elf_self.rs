//! The running binary's own program headers, found through the auxiliary
//! vector (AT_PHDR/AT_PHNUM), which both the kernel and every libc provide.

use std::ffi::CStr;

#[cfg(target_pointer_width = "64")]
type Phdr = libc::Elf64_Phdr;
#[cfg(target_pointer_width = "32")]
type Phdr = libc::Elf32_Phdr;

const PT_GNU_STACK: u32 = 0x6474_e551;

/// What the running executable's program headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfImage {
    /// PT_INTERP: the loader the kernel started for us, if any.
    pub interpreter: Option<String>,
    /// PT_DYNAMIC present: dynamic, or a static PIE relocating itself.
    pub has_dynamic: bool,
    /// PT_GNU_STACK p_memsz: 0 unless linked with `-z stack-size=N`.
    pub gnu_stack_size: u64,
    /// PT_GNU_STACK has PF_X: the binary asks for an executable stack.
    pub exec_stack: bool,
}

fn program_headers() -> &'static [Phdr] {
    // SAFETY: the kernel puts AT_PHDR/AT_PHNUM in the auxiliary vector of every
    // ELF process and the headers stay mapped for the life of the process.
    unsafe {
        let phdr = libc::getauxval(libc::AT_PHDR) as *const Phdr;
        let phnum = libc::getauxval(libc::AT_PHNUM) as usize;
        if phdr.is_null() || phnum == 0 {
            return &[];
        }
        std::slice::from_raw_parts(phdr, phnum)
    }
}

/// Reads the headers of the running executable.
pub fn inspect() -> SelfImage {
    let phdrs = program_headers();
    let load_bias = phdrs
        .iter()
        .find(|p| p.p_type == libc::PT_PHDR)
        .map(|p| (phdrs.as_ptr() as usize).wrapping_sub(p.p_vaddr as usize));
    let mut image = SelfImage {
        interpreter: None,
        has_dynamic: false,
        gnu_stack_size: 0,
        exec_stack: false,
    };
    for p in phdrs {
        match p.p_type {
            libc::PT_INTERP => {
                if let Some(bias) = load_bias {
                    // SAFETY: PT_INTERP points at a NUL-terminated path inside
                    // a mapped segment; the bias maps p_vaddr to memory.
                    let path = unsafe {
                        CStr::from_ptr((bias + p.p_vaddr as usize) as *const libc::c_char)
                    };
                    image.interpreter = Some(path.to_string_lossy().into_owned());
                } else {
                    image.interpreter = Some("(present, address unknown)".into());
                }
            }
            libc::PT_DYNAMIC => image.has_dynamic = true,
            PT_GNU_STACK => {
                // p_memsz is u32 in 32-bit ELF.
                #[allow(clippy::useless_conversion)]
                let size = u64::from(p.p_memsz);
                image.gnu_stack_size = size;
                image.exec_stack = p.p_flags & libc::PF_X != 0;
            }
            _ => {}
        }
    }
    image
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_binary_has_program_headers() {
        let image = super::inspect();
        assert!(!super::program_headers().is_empty());
        #[cfg(target_env = "gnu")]
        assert!(
            image
                .interpreter
                .as_deref()
                .unwrap_or("")
                .contains("ld-linux"),
            "{image:?}"
        );
        assert!(!image.exec_stack);
    }
}
