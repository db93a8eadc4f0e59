# SPDX-License-Identifier: GPL-2.0
# Common settings of the ovpn test bench; sourced by the scripts here.
#
# Environment knobs:
#   OVPN_CACHE    where kernel trees, builds and initramfs images are kept
#                 (default: ~/.cache/ovpn-bench); outside the checkout so
#                 that repeated runs are incremental
#   KSRC          use this Linux source tree instead of Debian's
#                 linux-source-6.12 (the repository is overlaid onto it)
#   OVPN_VECTORS  directory of OpenVPN capture vectors for the KUnit wire
#                 tests (default: ../shared/vectors next to the checkout)
#   JOBS          parallel make jobs (default: number of CPUs)

set -o pipefail

OVPN_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OVPN_CACHE=${OVPN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ovpn-bench}
OVPN_VECTORS=${OVPN_VECTORS:-$OVPN_REPO/../shared/vectors}
JOBS=${JOBS:-$(nproc)}
OVPN_SRC_PKG=linux-source-6.12
OVPN_SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
# Debian's python with its yaml and jsonschema modules, for the generator
OVPN_PYTHON=${OVPN_PYTHON:-/usr/bin/python3}

die() {
	echo "error: $*" >&2
	exit 1
}

log() {
	echo ">>> $*" >&2
}

# Identify the kernel source in use: Debian package version or KSRC path.
ovpn_src_id() {
	if [ -n "${KSRC:-}" ]; then
		echo "ksrc-$(realpath "$KSRC" | sha1sum | cut -c1-12)"
	else
		dpkg-query -W -f '${Version}' "$OVPN_SRC_PKG" 2>/dev/null ||
			die "$OVPN_SRC_PKG is not installed"
	fi
}

# The Linux tree the repository is overlaid onto.
ovpn_tree() {
	if [ -n "${KSRC:-}" ]; then
		realpath "$KSRC"
	else
		echo "$OVPN_CACHE/src/$(ovpn_src_id)/linux-source-6.12"
	fi
}

# Output directory of one build flavour.
ovpn_build_dir() {
	echo "$OVPN_CACHE/build/$(ovpn_src_id)-$1"
}

# the flavours scripts/test runs: the bench's kernels, then Debian's own
# kernel with the DKMS package (scripts/debian-kernel)
OVPN_FLAVOURS="normal debug debian"

# ovpn_arch FLAVOUR: the architecture a flavour's kernel runs on. The
# cross flavours are named for theirs: arm64 (little-endian, the
# routers'), s390x (big-endian).
ovpn_arch() {
	case $1 in
	arm64|s390x) echo "$1" ;;
	*) echo x86_64 ;;
	esac
}

# ovpn_arch_vars ARCH: set KARCH (the kernel's ARCH), CROSS (its
# CROSS_COMPILE), TRIPLET (Debian's multiarch triplet) and KIMAGE (the
# boot image in a build directory) for ARCH
ovpn_arch_vars() {
	case $1 in
	x86_64) KARCH=x86; CROSS=; TRIPLET=x86_64-linux-gnu
		KIMAGE=arch/x86/boot/bzImage ;;
	arm64) KARCH=arm64; CROSS=aarch64-linux-gnu-
		TRIPLET=aarch64-linux-gnu; KIMAGE=arch/arm64/boot/Image ;;
	s390x) KARCH=s390; CROSS=s390x-linux-gnu-; TRIPLET=s390x-linux-gnu
		KIMAGE=arch/s390/boot/bzImage ;;
	*) die "unknown architecture $1" ;;
	esac
}
