#!/bin/sh
# Installs tracesym where a Linux user looks for programs, after `mvn -B -q package -DskipTests`:
#
#   PREFIX/bin/tracesym                                  the launcher
#   PREFIX/lib/tracesym/tracesym.jar                     the program (one jar, its libraries inside)
#   PREFIX/lib/tracesym/tracesym-boot.jar                the classes a report loads, which the launcher runs
#                                                        (the whole jar after them: a faster start)
#   PREFIX/share/man/man1/tracesym.1                     `man tracesym`
#   PREFIX/share/bash-completion/completions/tracesym   completion, loaded on demand by bash-completion
#
# PREFIX defaults to /usr/local (~/.local for a user without root); DESTDIR stages the tree for a
# package (DESTDIR=pkg PREFIX=/usr). The installed launcher finds its jar as ../lib/tracesym from
# its own folder, also through symlinks, so the tree may be moved as a whole.
#
#   ./install.sh                       into /usr/local (as root)
#   PREFIX=~/.local ./install.sh       into ~/.local/bin etc.
#   ./install.sh --uninstall           removes exactly those files
#   ./install.sh --tarball             app/target/tracesym-VERSION.tar.gz: bin/, lib/, share/ to unpack anywhere
set -eu

case $0 in */*) src=${0%/*} ;; *) src=. ;; esac
src=$(cd "$src" && pwd)
jar=$src/app/target/tracesym.jar
boot=$src/app/target/tracesym-boot.jar
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}

usage() {
  echo "usage: [PREFIX=DIR] [DESTDIR=DIR] $0 [--uninstall | --tarball]" >&2
  exit 2
}

files() { # the installed paths under $1
  echo "$1/bin/tracesym"
  echo "$1/lib/tracesym/tracesym.jar"
  echo "$1/lib/tracesym/tracesym-boot.jar"
  echo "$1/share/man/man1/tracesym.1"
  echo "$1/share/bash-completion/completions/tracesym"
}

# install ROOT: the files under ROOT, generated from the jar itself (man page, completion)
install_into() {
  root=$1
  for f in "$jar" "$boot"; do
    [ -f "$f" ] || { echo "install.sh: $f is missing; build it first: mvn -B -q package -DskipTests" >&2; exit 2; }
  done
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  mkdir -p "$root/bin" "$root/lib/tracesym" "$root/share/man/man1" "$root/share/bash-completion/completions"
  # through temporary names, renamed into place: a failed step leaves the old installation whole
  cp "$jar" "$root/lib/tracesym/.tracesym.jar.new"
  cp "$boot" "$root/lib/tracesym/.tracesym-boot.jar.new"
  cp "$src/tracesym" "$root/bin/.tracesym.new"
  chmod 755 "$root/bin/.tracesym.new"
  chmod 644 "$root/lib/tracesym/.tracesym.jar.new" "$root/lib/tracesym/.tracesym-boot.jar.new"
  "$java" -jar "$jar" man > "$root/share/man/man1/.tracesym.1.new"
  "$java" -jar "$jar" generate-completion > "$root/share/bash-completion/completions/.tracesym.new"
  chmod 644 "$root/share/man/man1/.tracesym.1.new" "$root/share/bash-completion/completions/.tracesym.new"
  mv -f "$root/lib/tracesym/.tracesym.jar.new" "$root/lib/tracesym/tracesym.jar"
  mv -f "$root/lib/tracesym/.tracesym-boot.jar.new" "$root/lib/tracesym/tracesym-boot.jar"
  mv -f "$root/share/man/man1/.tracesym.1.new" "$root/share/man/man1/tracesym.1"
  mv -f "$root/share/bash-completion/completions/.tracesym.new" "$root/share/bash-completion/completions/tracesym"
  mv -f "$root/bin/.tracesym.new" "$root/bin/tracesym"
}

case ${1:-} in
  "")
    install_into "$DESTDIR$PREFIX"
    echo "installed tracesym into $DESTDIR$PREFIX:"
    files "$DESTDIR$PREFIX" | sed 's/^/  /'
    case :$PATH: in *":$PREFIX/bin:"*) ;; *) echo "($PREFIX/bin is not on PATH)" ;; esac
    ;;
  --uninstall)
    for f in $(files "$DESTDIR$PREFIX"); do rm -f "$f"; done
    rmdir "$DESTDIR$PREFIX/lib/tracesym" 2> /dev/null || true
    echo "removed tracesym from $DESTDIR$PREFIX"
    ;;
  --tarball)
    version=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$jar" --version | sed -n '1s/^tracesym //p')
    stage=$(mktemp -d)
    trap 'rm -rf "$stage"' EXIT
    install_into "$stage/tracesym-$version"
    tar -C "$stage" -czf "$src/app/target/tracesym-$version.tar.gz" "tracesym-$version"
    echo "$src/app/target/tracesym-$version.tar.gz"
    ;;
  *) usage ;;
esac
