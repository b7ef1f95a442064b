"""Evaluator for scripts/check-artefacts (see there): check's verdicts vs dlopen.

Truth per shared object: a loader program dlopen()s it (RTLD_NOW, as musl
always binds) after a stub library that defines the symbols the host
program would (CPython's Py*, Node's napi_*/uv_*), so a Python extension
or a Node addon is judged on its libraries and libc symbols, not on the
interpreter it is meant to be loaded into. glibc: on this machine. musl:
chrooted into the lab's musl box, the extracted artefact copied in.
"""
import json, os, re, shutil, subprocess, sys, tarfile, time, zipfile

work, box, check, before = sys.argv[1:5]
HOST_API = re.compile(r"^(_?Py|_Py|PyExc|napi_|node_api|uv_|_ZN4node|_ZN2v8)")
LOADER = r"""
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (!dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL)) { printf("%s\n", dlerror()); return 1; }
    return 0;
}
"""

def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)

os.makedirs(f"{work}/tools", exist_ok=True)
with open(f"{work}/tools/loader.c", "w") as f:
    f.write(LOADER)
for cc, out in (("gcc", "load-glibc"), ("musl-gcc", "load-musl")):
    r = sh([cc, "-O1", "-o", f"{work}/tools/{out}", f"{work}/tools/loader.c"])
    if r.returncode:
        sys.exit(f"check-artefacts: {cc} failed: {r.stderr}")

def is_elf(p):
    try:
        with open(p, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False

def stub(so, cc, out):
    """A library defining the host-program symbols `so` imports (None if none)."""
    r = sh(["nm", "-D", "--undefined-only", so])
    names = sorted({l.split()[-1].split("@")[0] for l in r.stdout.splitlines() if l.strip()})
    names = [n for n in names if HOST_API.match(n)]
    if not names:
        return None
    src = out + ".c"
    with open(src, "w") as f:
        # Empty functions: an addon's constructor may call one
        # (napi_module_register); data imports only need an address.
        f.write("".join(f"void {n}(void) {{}}\n" for n in names))
    r = sh([cc, "-shared", "-fPIC", "-o", out, src])
    return out if r.returncode == 0 else None

def extract(archive, dest):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    if archive.endswith(".whl"):
        zipfile.ZipFile(archive).extractall(dest)
    else:
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")

def verdicts(binary, archive, extra):
    r = sh([binary, "--json", *extra, archive])
    doc = json.loads(r.stdout)
    out = {}
    for f in doc["files"]:
        member = f["path"].split("!/", 1)[1]
        out[member] = {v["env"]: v for v in f["verdicts"]}
        out[member]["_kind"] = f["elf"]["kind"]
    return out

def starts(v):
    return v.get("verdict") in ("runs", "runs-differently")

artefacts = sorted(os.listdir(f"{work}/dl"))
rows, timing = [], {}
box_tmp = os.path.join(box, "tmp", "check-artefacts")
shutil.rmtree(box_tmp, ignore_errors=True)
os.makedirs(box_tmp)
shutil.copy(f"{work}/tools/load-musl", box_tmp)
for a in artefacts:
    path = f"{work}/dl/{a}"
    if not (a.endswith(".whl") or a.endswith(".tgz")):
        continue
    now = verdicts(check, path, ["--musl", "1.2.3"])
    old = verdicts(before, path, []) if before else {}
    dest = f"{work}/x/{a}"
    extract(path, dest)
    inbox = f"{box_tmp}/{a}"
    shutil.copytree(dest, inbox)
    for member, vs in sorted(now.items()):
        if vs["_kind"] != "shared-library":
            continue
        so = f"{dest}/{member}"
        sg = stub(so, "gcc", f"{work}/tools/stub-g.so")
        r = sh([f"{work}/tools/load-glibc", *([sg] if sg else []), so])
        glibc_ok, glibc_err = r.returncode == 0, (r.stdout + r.stderr).strip()
        sm = stub(so, "musl-gcc", f"{inbox}/.stub-m.so")
        args = ["/tmp/check-artefacts/load-musl"]
        if sm:
            args.append(f"/tmp/check-artefacts/{a}/.stub-m.so")
        args.append(f"/tmp/check-artefacts/{a}/{member}")
        try:
            r = sh(["/usr/sbin/chroot", box, *args])
            musl_ok, musl_err = r.returncode == 0, (r.stdout + r.stderr).strip() or f"exit {r.returncode}"
        except subprocess.TimeoutExpired:
            musl_ok, musl_err = False, "timeout"
        rows.append({
            "artefact": a, "member": member,
            "glibc": glibc_ok, "glibc_err": glibc_err,
            "musl": musl_ok, "musl_err": musl_err,
            "host": starts(vs.get("host", {})), "musl_model": starts(vs.get("musl-rootfs", {})),
            "host_before": starts(old.get(member, {}).get("host", {})) if old else None,
            "musl_before": starts(old.get(member, {}).get("musl-rootfs", {})) if old else None,
            "musl_why": vs.get("musl-rootfs", {}).get("message", ""),
        })
shutil.rmtree(box_tmp, ignore_errors=True)

# check vs auditwheel show, on the wheels.
wheels = [f"{work}/dl/{a}" for a in artefacts if a.endswith(".whl")]
def timed(args):
    t = time.monotonic()
    r = sh(args)
    return time.monotonic() - t, r
aw = f"{work}/venv/bin/auditwheel"
t_aw = 0.0
aw_ok = 0
for w in wheels:
    t, r = timed([aw, "show", w])
    t_aw += t
    aw_ok += r.returncode == 0
t_check, _ = timed([check, "--brief", *wheels])

def score(key, truth):
    got = [r for r in rows if r[key] is not None]
    return sum(r[key] == r[truth] for r in got), len(got)

date = time.strftime("%Y-%m-%d", time.gmtime())
n_musl = subprocess.run(["sh", "-c", f"strings {box}/lib/ld-musl-x86_64.so.1 | grep -m1 -E '^1\\.[0-9]+\\.[0-9]+$'"], capture_output=True, text=True).stdout.strip()
lines = [
    "# muslab check vs loading published artefacts",
    "",
    f"Measured by `make check-artefacts` on {date}: {len(artefacts)} artefacts ({len(wheels)} wheels from PyPI,",
    f"{len(artefacts) - len(wheels)} npm packages), {len(rows)} shared objects. Truth: dlopen(RTLD_NOW) by a loader",
    "built with gcc (a glibc process on this machine) and with musl-gcc (a musl process chrooted into",
    f"the lab's musl box, musl {n_musl}), after a stub defining the CPython/N-API symbols the host program",
    "would provide (empty functions). check ran on each archive (`--json ARCHIVE --musl " + "1.2.3`, the box's musl). A",
    "measurement to publish, not a tuning set.",
    "",
    "| verdict | agrees with dlopen |",
    "|---|---|",
]
h, n = score("host", "glibc")
lines.append(f"| host (glibc process) | {h}/{n} |")
m, n = score("musl_model", "musl")
lines.append(f"| musl-rootfs model (musl process in the box) | {m}/{n} |")
if before:
    h, n = score("host_before", "glibc")
    lines.append(f"| host, before this change | {h}/{n} |")
    m, n = score("musl_before", "musl")
    lines.append(f"| musl-rootfs, before this change | {m}/{n} |")
lines += ["", "Disagreements (check says / dlopen says):", ""]
dis = [r for r in rows if r["host"] != r["glibc"] or r["musl_model"] != r["musl"]]
for r in dis:
    lines.append(f"- `{r['artefact']}!/{r['member']}`: host {r['host']}/{r['glibc']}"
                 f" ({r['glibc_err'][:120] or 'loaded'}); musl {r['musl_model']}/{r['musl']}"
                 f" ({r['musl_err'][:120] or 'loaded'}; check: {r['musl_why'][:120]})")
if not dis:
    lines.append("- none")
lines += ["", "Every shared object:", "", "| artefact | member | glibc dlopen | check host | musl dlopen | check musl-rootfs |", "|---|---|---|---|---|---|"]
yn = lambda b: "loads" if b else "fails"
for r in rows:
    lines.append(f"| {r['artefact']} | {r['member']} | {yn(r['glibc'])} | {yn(r['host'])} | {yn(r['musl'])} | {yn(r['musl_model'])} |")
os.makedirs("results", exist_ok=True)
with open("results/check-artefacts.md", "w") as f:
    f.write("\n".join(lines) + "\n")

section = [
    "## check vs auditwheel show",
    "",
    f"Measured by `make check-artefacts` on {date}: the same {len(wheels)} wheels, each command once",
    "(auditwheel show takes one wheel per run).",
    "",
    "| tool | time | wheels read |",
    "|---|---|---|",
    f"| muslab check --brief (all wheels, one run) | {t_check:.3f} s | {len(wheels)} |",
    f"| auditwheel show (one run per wheel) | {t_aw:.3f} s | {aw_ok} |",
    "",
    f"check took {t_check / t_aw * 100:.0f} % of auditwheel's time." if t_aw else "",
]
bench = "results/check-bench.md"
text = open(bench).read() if os.path.exists(bench) else ""
text = text.split("## check vs auditwheel show")[0].rstrip("\n") + "\n\n"
with open(bench, "w") as f:
    f.write(text + "\n".join(section) + "\n")
print(f"check-artefacts: {len(rows)} shared objects; host {score('host','glibc')}, musl {score('musl_model','musl')}; wrote results/check-artefacts.md", file=sys.stderr)
