#!/usr/bin/env bash
# Refresh and compile the translation catalogues.
#
# Each app owns its catalogue (<app>/locale/) for the strings in <app>/ and templates/<app>/;
# the project catalogue (locale/) holds the rest: portal/, templates/*.html, includes, e-mails
# and allauth overrides. Usage: scripts/messages.sh [scope ...]   (scope: portal or an app)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py="$root/.venv/bin/python"
# The portal's apps, from settings.PORTAL_APPS (the one list).
read -r -a apps <<< "$(DJANGO_SETTINGS_MODULE=portal.settings "$py" -c 'from django.conf import settings; print(" ".join(settings.PORTAL_APPS))')"
scopes=("$@")
[ "${#scopes[@]}" -gt 0 ] || scopes=(portal "${apps[@]}")

for scope in "${scopes[@]}"; do
  work=$(mktemp -d)
  if [ "$scope" = portal ]; then
    target="$root/locale"
    ln -s "$root/portal" "$work/portal"
    mkdir -p "$work/templates"
    for entry in "$root"/templates/*; do
      name=$(basename "$entry")
      case " ${apps[*]} " in *" $name "*) continue ;; esac
      ln -s "$entry" "$work/templates/$name"
    done
  else
    target="$root/$scope/locale"
    ln -s "$root/$scope" "$work/$scope"
    [ -d "$root/templates/$scope" ] && mkdir -p "$work/templates" && ln -s "$root/templates/$scope" "$work/templates/$scope"
  fi
  mkdir -p "$target" "$work/locale"
  cp -r "$target/." "$work/locale/"
  (cd "$work" && DJANGO_SETTINGS_MODULE=portal.settings PYTHONPATH="$root" \
    "$py" -m django makemessages -l pt_BR -l en --symlinks --no-obsolete \
    --ignore='*/locale/*' --ignore='*/migrations/*' >/dev/null)
  for lang in pt_BR en; do
    po="$work/locale/$lang/LC_MESSAGES/django.po"
    [ -f "$po" ] || continue
    mkdir -p "$target/$lang/LC_MESSAGES"
    cp "$po" "$target/$lang/LC_MESSAGES/django.po"
  done
  rm -rf "$work"
  # English is the source language: its catalogue maps each string to itself. Headers of
  # new catalogues come out fuzzy; clear that so tools don't flag them.
  "$py" - "$target" <<'PY'
import sys
from pathlib import Path

import polib

target = Path(sys.argv[1])
for lang in ("pt_BR", "en"):
    path = target / lang / "LC_MESSAGES" / "django.po"
    if not path.exists():
        continue
    po = polib.pofile(str(path))
    po.metadata_is_fuzzy = False
    if lang == "en":
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(path))
PY
  for lang in pt_BR en; do
    po="$target/$lang/LC_MESSAGES/django.po"
    [ -f "$po" ] && msgfmt --check-format -o "${po%.po}.mo" "$po"
  done
  echo "catalogue: $scope -> ${target#$root/}"
done
