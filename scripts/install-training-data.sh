#!/usr/bin/env bash
# Installs the parallel and English training data (issue 10) from the package registries, by package name,
# with their ordinary clients: apt-get (download, update) + dpkg-deb for Debian packages, npm pack for CLDR.
#
#   scripts/install-training-data.sh [DIR]
#
# DIR defaults to $MICROEMBED_TRAINING_DATA, else ~/.cache/microembed/training-data (the distill config's
# ${training_data}). Layout written (see docs/training-data.md):
#
#   DIR/freedict/freedict-<a>-<b>.index, .dict.dz          FreeDict dictd dictionaries, English <-> xxx
#   DIR/debian-descriptions/Translation-<lang>              Debian package descriptions, plain text
#   DIR/gettext/<package>/<locale>/<domain>.mo              gettext catalogs of widely translated packages
#   DIR/cldr/annotations[Derived]/<locale>/annotations.json CLDR emoji names and keywords
#   DIR/prose/<package>/...                                 Debian-packaged English prose
#   DIR/licenses/<package>.copyright                        each package's copyright file
#   DIR/sources.tsv                                         kind, package, version, file, sha256 per file
#
# Idempotent: downloaded .deb/.tgz files are kept in DIR/.cache and reused while their version is still the
# candidate; every run rebuilds the layout from them into *.new folders and swaps them in only when all
# sources succeeded. Any failure stops the script with a message (set -e); nothing is half-replaced.
# Needs root for `apt-get update` (the translated descriptions); without root the lists already on the
# machine are used if complete.
set -euo pipefail

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -le 1 ] || { usage >&2; exit 2; }

DIR="${1:-${MICROEMBED_TRAINING_DATA:-$HOME/.cache/microembed/training-data}}"
LISTS=/var/lib/apt/lists
APT_HELPER=/usr/lib/apt/apt-helper

die() { echo "install-training-data: error: $*" >&2; exit 1; }
log() { echo "install-training-data: $*" >&2; }
for c in apt-get apt-cache dpkg-deb npm tar sha256sum find; do
  command -v "$c" >/dev/null || die "needs '$c' on the PATH"
done
[ -x "$APT_HELPER" ] || die "needs $APT_HELPER (Debian's apt)"

# The gettext packages: widely translated Debian packages whose .mo catalogs are short UI strings
# (msgid English -> msgstr). iso-codes gives language/country/currency/script names in ~100 languages.
GETTEXT_PACKAGES=(
  apt aptitude-common baobab cheese-common coreutils debconf-i18n dpkg e2fsprogs-l10n evince-common
  evolution-common file-roller gedit-common gimp-data gnome-calendar gnome-clocks gnome-contacts
  gnome-control-center-data gnome-disk-utility gnome-games-app gnome-maps gnome-shell-common
  gnome-software-common gnome-system-monitor gnome-terminal-data gnome-weather gnucash-common gnupg-l10n
  grep inkscape iso-codes libc-l10n libglib2.0-data libgtk-3-common mate-desktop-common nano nautilus-data
  rhythmbox-data sed shotwell-common tar totem-common util-linux-locales vlc-l10n wget xfce4-session xkb-data
)
# English prose for corpus distillation (the English package descriptions are the other source).
PROSE_PACKAGES=(fortunes fortunes-min dict-foldoc dict-gcide wordnet-base perl-doc python3-doc debian-reference-en)
NPM_PACKAGES=(cldr-annotations-full cldr-annotations-derived-full)

mkdir -p "$DIR/.cache/debs" "$DIR/.cache/npm"
DIR="$(cd "$DIR" && pwd)"
TMP="$(mktemp -d "$DIR/.tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
SOURCES="$TMP/sources.tsv"
: > "$SOURCES"

# record KIND PACKAGE VERSION FILE...: one sources.tsv line per installed file (paths relative to DIR/<kind>.new).
record() {
  local kind="$1" pkg="$2" ver="$3"; shift 3
  local f rel
  for f in "$@"; do
    rel="${f#"$DIR/$kind.new/"}"
    printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$pkg" "$ver" "$kind/$rel" "$(sha256sum "$f" | cut -d' ' -f1)" >> "$SOURCES"
  done
}

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}'; }

# deb PACKAGE: prints the path of the cached .deb of the candidate version, downloading it when needed.
deb() {
  local pkg="$1" ver f
  ver="$(candidate "$pkg")"
  [ -n "$ver" ] && [ "$ver" != "(none)" ] || die "package '$pkg' has no installable candidate (apt-get update? another release?)"
  for f in "$DIR/.cache/debs/${pkg}_"*.deb; do
    [ -f "$f" ] || continue
    if [ "$(dpkg-deb -f "$f" Package)" = "$pkg" ] && [ "$(dpkg-deb -f "$f" Version)" = "$ver" ]; then echo "$f"; return; fi
    if [ "$(dpkg-deb -f "$f" Package)" = "$pkg" ]; then rm -f "$f"; fi
  done
  log "downloading $pkg $ver"
  (cd "$DIR/.cache/debs" && apt-get download -q "$pkg=$ver" >&2) || die "apt-get download $pkg=$ver failed"
  for f in "$DIR/.cache/debs/${pkg}_"*.deb; do
    if [ -f "$f" ] && [ "$(dpkg-deb -f "$f" Package)" = "$pkg" ] && [ "$(dpkg-deb -f "$f" Version)" = "$ver" ]; then echo "$f"; return; fi
  done
  die "apt-get download $pkg=$ver wrote no .deb"
}

# extract DEB: unpacks into a fresh folder under $TMP and prints it; keeps the copyright file.
extract() {
  local d pkg
  pkg="$(dpkg-deb -f "$1" Package)"
  d="$TMP/x/$pkg"
  rm -rf "$d"; mkdir -p "$d"
  dpkg-deb -x "$1" "$d" || die "dpkg-deb -x $1 failed"
  if [ -f "$d/usr/share/doc/$pkg/copyright" ]; then cp -L "$d/usr/share/doc/$pkg/copyright" "$TMP/licenses/$pkg.copyright"; fi
  echo "$d"
}
mkdir -p "$TMP/licenses"

for kind in freedict debian-descriptions gettext cldr prose; do rm -rf "$DIR/$kind.new"; mkdir -p "$DIR/$kind.new"; done

# ---- Debian translated package descriptions (first: apt-get update also refreshes the candidates) ----
. /etc/os-release
CODENAME="${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"
release_file() { ls "$LISTS"/*_dists_"${CODENAME}"_InRelease 2>/dev/null | head -1 || true; }
if [ -z "$(release_file)" ]; then
  [ "$(id -u)" = 0 ] || die "no apt lists for $CODENAME in $LISTS; run as root (apt-get update)"
  apt-get update -q >&2 || die "apt-get update failed"
fi
RELEASE="$(release_file)"
[ -n "$RELEASE" ] || die "no InRelease file for $CODENAME in $LISTS"
# Every language the release publishes translated descriptions for (main/i18n/Translation-<lang>).
LANGS="$(grep -o 'main/i18n/Translation-[A-Za-z_]*\.' "$RELEASE" | sed 's|.*Translation-||; s|\.$||' | sort -u | tr '\n' ',' | sed 's/,$//')"
[ -n "$LANGS" ] || die "$RELEASE lists no Translation files"
case ",$LANGS," in *,en,*) ;; *) LANGS="en,$LANGS" ;; esac
if [ "$(id -u)" = 0 ]; then
  log "apt-get update with Acquire::Languages=$LANGS"
  apt-get update -q -o Acquire::Languages="$LANGS" >&2 || die "apt-get update -o Acquire::Languages=... failed"
  RELEASE="$(release_file)"
else
  log "not root: using the translation lists already in $LISTS (no apt-get update)"
fi
RELDATE="$(sed -n 's/^Date: //p' "$RELEASE" | head -1)"
DESC_VERSION="$CODENAME/main $(date -u -d "$RELDATE" +%Y-%m-%d 2>/dev/null || echo "$RELDATE")"
desc_langs=()
for lang in ${LANGS//,/ }; do
  enc="${lang//_/%5f}"
  f="$(ls "$LISTS"/*_dists_"${CODENAME}"_main_i18n_Translation-"$enc" "$LISTS"/*_dists_"${CODENAME}"_main_i18n_Translation-"$enc".* 2>/dev/null | head -1 || true)"
  if [ -z "$f" ]; then
    [ "$lang" = en ] && die "Translation-en of $CODENAME main is missing from $LISTS (run as root so apt-get update can fetch it)"
    log "note: no Translation-$lang downloaded (the release lists it but publishes no file apt fetched)"; continue
  fi
  out="$DIR/debian-descriptions.new/Translation-$lang"
  "$APT_HELPER" cat-file "$f" > "$out" || die "cannot decompress $f"
  [ -s "$out" ] || { rm -f "$out"; log "note: Translation-$lang is empty"; continue; }
  record debian-descriptions "Translation-$lang" "$DESC_VERSION" "$out"
  desc_langs+=("$lang")
done

# ---- FreeDict: every English <-> xxx dictionary ----
mapfile -t FREEDICT < <(apt-cache search --names-only '^dict-freedict-' | awk '{print $1}' \
  | grep -E '^dict-freedict-(eng-[a-z]{3}|[a-z]{3}-eng)$' | sort -u)
[ "${#FREEDICT[@]}" -gt 0 ] || die "apt-cache search finds no dict-freedict-eng-xxx / dict-freedict-xxx-eng packages"
for pkg in "${FREEDICT[@]}"; do
  f="$(deb "$pkg")"; d="$(extract "$f")"; ver="$(candidate "$pkg")"
  files=()
  for f in "$d"/usr/share/dictd/*.index "$d"/usr/share/dictd/*.dict.dz; do
    [ -f "$f" ] || continue
    cp -L "$f" "$DIR/freedict.new/"; files+=("$DIR/freedict.new/$(basename "$f")")
  done
  [ "${#files[@]}" -ge 2 ] || die "$pkg has no dictd .index + .dict.dz"
  record freedict "$pkg" "$ver" "${files[@]}"
done

# ---- gettext catalogs ----
for pkg in "${GETTEXT_PACKAGES[@]}"; do
  f="$(deb "$pkg")"; d="$(extract "$f")"; ver="$(candidate "$pkg")"
  files=()
  while IFS= read -r -d '' f; do
    rel="${f#"$d/usr/share/locale/"}"; loc="${rel%%/*}"; dom="$(basename "$f")"
    [ -e "$f" ] || { log "note: $pkg: dangling link $rel skipped"; continue; }
    mkdir -p "$DIR/gettext.new/$pkg/$loc"
    cp -L "$f" "$DIR/gettext.new/$pkg/$loc/$dom"; files+=("$DIR/gettext.new/$pkg/$loc/$dom")
  done < <(find "$d/usr/share/locale" -path '*/LC_MESSAGES/*.mo' \( -type f -o -type l \) -print0 2>/dev/null | sort -z)
  [ "${#files[@]}" -gt 0 ] || die "$pkg has no usr/share/locale/*/LC_MESSAGES/*.mo"
  record gettext "$pkg" "$ver" "${files[@]}"
done

# ---- CLDR annotations (npm) ----
for pkg in "${NPM_PACKAGES[@]}"; do
  ver="$(npm view "$pkg" version 2>/dev/null || true)"
  tgz=""
  if [ -n "$ver" ]; then
    tgz="$DIR/.cache/npm/$pkg-$ver.tgz"
    if [ ! -f "$tgz" ]; then
      log "npm pack $pkg@$ver"
      (cd "$DIR/.cache/npm" && npm pack --silent "$pkg@$ver" >/dev/null) || die "npm pack $pkg@$ver failed"
    fi
  else
    tgz="$(ls "$DIR/.cache/npm/$pkg"-[0-9]*.tgz 2>/dev/null | sort -V | tail -1 || true)"
    [ -n "$tgz" ] || die "npm view $pkg failed (offline?) and no cached $pkg tarball"
    ver="$(basename "$tgz" .tgz)"; ver="${ver#"$pkg-"}"
    log "note: npm unreachable, using cached $pkg $ver"
  fi
  [ -f "$tgz" ] || die "npm pack did not write $tgz"
  x="$TMP/npm/$pkg"; rm -rf "$x"; mkdir -p "$x"
  tar -xzf "$tgz" -C "$x" || die "cannot unpack $tgz"
  [ -f "$x/package/LICENSE" ] && cp "$x/package/LICENSE" "$TMP/licenses/$pkg.LICENSE"
  files=()
  for sub in annotations annotationsDerived; do
    [ -d "$x/package/$sub" ] || continue
    while IFS= read -r -d '' f; do
      rel="${f#"$x/package/"}"
      mkdir -p "$DIR/cldr.new/$(dirname "$rel")"; cp "$f" "$DIR/cldr.new/$rel"; files+=("$DIR/cldr.new/$rel")
    done < <(find "$x/package/$sub" -name '*.json' -type f -print0 | sort -z)
  done
  [ "${#files[@]}" -gt 0 ] || die "$pkg has no annotations*/<locale>/*.json"
  record cldr "$pkg" "$ver" "${files[@]}"
done

# ---- English prose ----
for pkg in "${PROSE_PACKAGES[@]}"; do
  real="$pkg"
  if [ "$pkg" = python3-doc ]; then # a dependency package: the versioned python3.N-doc holds the files
    real="$(apt-cache depends python3-doc 2>/dev/null | awk '/Depends: python3\.[0-9]+-doc/ {print $2; exit}')"
    [ -n "$real" ] || die "cannot resolve python3-doc to its python3.N-doc package"
  fi
  f="$(deb "$real")"; d="$(extract "$f")"; ver="$(candidate "$real")"
  out="$DIR/prose.new/$real"; mkdir -p "$out"
  case "$pkg" in
    fortunes|fortunes-min) # the fortune text files (not the .dat indexes, not the .u8 links)
      find "$d/usr/share/games/fortunes" -maxdepth 1 -type f ! -name '*.dat' ! -name '*.u8' -exec cp {} "$out/" \; ;;
    dict-foldoc|dict-gcide)
      cp "$d"/usr/share/dictd/*.index "$d"/usr/share/dictd/*.dict.dz "$out/" ;;
    wordnet-base)
      cp "$d"/usr/share/wordnet/data.noun "$d"/usr/share/wordnet/data.verb "$d"/usr/share/wordnet/data.adj "$d"/usr/share/wordnet/data.adv "$out/" ;;
    perl-doc)
      cp "$d"/usr/share/perl/*/pod/*.pod "$out/" ;;
    python3-doc) # the reStructuredText sources of the HTML documentation
      (cd "$d/usr/share/doc/${real%-doc}/html/_sources" && find . -name '*.rst.txt' -type f -print0 | tar -c --null -T - -f - | tar -x -C "$out") \
        || die "$real: cannot copy html/_sources" ;;
    debian-reference-en)
      cp "$d"/usr/share/debian-reference/debian-reference.en.txt.gz "$out/" ;;
  esac
  mapfile -d '' -t files < <(find "$out" -type f -print0 | sort -z)
  [ "${#files[@]}" -gt 0 ] || die "$real: no prose files found"
  record prose "$real" "$ver" "${files[@]}"
done

# ---- swap in ----
mkdir -p "$DIR/licenses"
cp "$TMP"/licenses/* "$DIR/licenses/" 2>/dev/null || true
for kind in freedict debian-descriptions gettext cldr prose; do
  rm -rf "$DIR/$kind"; mv "$DIR/$kind.new" "$DIR/$kind"
done
{ printf 'kind\tpackage\tversion\tfile\tsha256\n'; LC_ALL=C sort -t$'\t' -k4,4 "$SOURCES"; } > "$DIR/sources.tsv.new"
mv "$DIR/sources.tsv.new" "$DIR/sources.tsv"

echo "training data in $DIR:"
for kind in freedict debian-descriptions gettext cldr prose; do
  printf '  %-20s %5d files from %3d packages, %s\n' "$kind" \
    "$(awk -F'\t' -v k="$kind" '$1==k' "$DIR/sources.tsv" | wc -l)" \
    "$(awk -F'\t' -v k="$kind" '$1==k {print $2}' "$DIR/sources.tsv" | sort -u | wc -l)" \
    "$(du -sh "$DIR/$kind" | cut -f1)"
done
echo "  debian-descriptions languages: ${desc_langs[*]}"
echo "  sources.tsv: $(($(wc -l < "$DIR/sources.tsv") - 1)) files with package, version and sha256"
