//! probe-locale: locales, collation, ctype and multibyte (D10-D12, seed S4);
//! iconv (D13) is probe-iconv.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use muslab_probes::{cli, locale};

const ABOUT: &str = "probe-locale: what the C library does with locales (catalogue D10-D12, S4).

For C, C.UTF-8, en_US, de_DE, fr_FR, tr_TR and ja_JP (UTF-8) and a name no
system ships: what setlocale returns, setlocale(LC_ALL, \"\") under several
LANG/LC_* settings, localeconv, printf(\"%'d\"), strftime and month names,
nl_langinfo(CODESET); a word list sorted with strcoll and strxfrm;
MB_CUR_MAX, mbrtowc of invalid bytes, towupper/iswalpha of É, ß and Turkish
i. iconv (D13) is probe-iconv.

glibc needs the locales installed (Debian: locales-all); a missing one is
reported as not installed. musl accepts any name and behaves as C.UTF-8;
it reads message catalogues from the directories in MUSL_LOCPATH, which the
probe reports. Set MUSL_LOCPATH before running to compare.

MUSLAB_LOCALES=C,pt_BR.UTF-8,... replaces the list of locales probed.";

fn main() -> ExitCode {
    cli::run_probe("probe-locale", ABOUT, std::env::args().skip(1), || {
        locale::checks()
    })
}
