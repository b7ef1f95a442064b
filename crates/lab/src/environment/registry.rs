//! Every environment `muslab matrix` knows, in column order.

use std::path::Path;

use super::bundled_glibc::BundledGlibc;
use super::container_engine::{ContainerEngine, Limit};
use super::gcompat::Gcompat;
use super::host::Host;
use super::musl_version::MuslVersion;
use super::qemu_sysroot::QemuAarch64Sysroot;
use super::qemu_user::QemuUser;
use super::rootfs_environment::RootfsEnvironment;
use super::uname_denied::UnameDenied;
use super::{Environment, EnvironmentId};

pub fn all(build_dir: &Path) -> Vec<Box<dyn Environment>> {
    let mut all: Vec<Box<dyn Environment>> = vec![
        Box::new(Host),
        Box::new(RootfsEnvironment::musl(build_dir)),
        Box::new(RootfsEnvironment::musl_locpath(build_dir)),
        Box::new(RootfsEnvironment::libc6_compat(build_dir)),
        Box::new(BundledGlibc::new(build_dir)),
        Box::new(Gcompat),
        Box::new(QemuUser),
        Box::new(QemuAarch64Sysroot::default()),
        Box::new(UnameDenied {
            via_qemu: false,
            proc_hidden: false,
        }),
        Box::new(UnameDenied {
            via_qemu: true,
            proc_hidden: false,
        }),
        Box::new(UnameDenied {
            via_qemu: false,
            proc_hidden: true,
        }),
        Box::new(UnameDenied {
            via_qemu: true,
            proc_hidden: true,
        }),
        Box::new(ContainerEngine::musl(build_dir)),
        Box::new(ContainerEngine::musl_direct(build_dir)),
        Box::new(ContainerEngine::libc6_compat(build_dir)),
        Box::new(ContainerEngine::glibc(build_dir)),
        Box::new(ContainerEngine::glibc_limited(Limit::CpusetZero, build_dir)),
        Box::new(ContainerEngine::glibc_limited(
            Limit::CpuQuotaOne,
            build_dir,
        )),
        Box::new(ContainerEngine::glibc_limited(
            Limit::Clone3Fails(libc::EPERM),
            build_dir,
        )),
        Box::new(ContainerEngine::glibc_limited(
            Limit::Clone3Fails(libc::ENOSYS),
            build_dir,
        )),
    ];
    all.extend(
        MuslVersion::all(build_dir)
            .into_iter()
            .map(|e| Box::new(e) as Box<_>),
    );
    all
}

/// The environments named in `names` (all when empty), or a one-line error
/// naming the known ones.
pub fn select(build_dir: &Path, names: &[String]) -> Result<Vec<Box<dyn Environment>>, String> {
    let all = all(build_dir);
    if names.is_empty() {
        return Ok(all);
    }
    let known: Vec<EnvironmentId> = all.iter().map(|e| e.id()).collect();
    let wanted = names
        .iter()
        .map(|n| EnvironmentId::parse_among(n, &known))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(all
        .into_iter()
        .filter(|e| wanted.contains(&e.id()))
        .collect())
}
