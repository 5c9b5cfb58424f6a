#!/bin/sh
# Renders the first page of each document type, from the real output, into
# docs/images/ for the README. Run after `npm run build`.
set -e
cd "$(dirname "$0")/.."
if ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "readme-images: pdftoppm is missing; install poppler-utils." >&2
    exit 2
  fi
fi
mkdir -p docs/images
for name in verksamhetsplan-2023 tjansteskrivelse-sup-2040-tyreso tjansteskrivelse-sup-2040-salem minnesanteckningar-ledningsgruppen-2023-10-27; do
  [ -f "output/$name.pdf" ] || { echo "readme-images: output/$name.pdf is missing; run npm run build first." >&2; exit 2; }
  pdftoppm -png -r 50 -f 1 -l 1 -singlefile "output/$name.pdf" "docs/images/$name"
done
# The plan's first page is its title page; its table of contents shows more.
pdftoppm -png -r 50 -f 2 -l 2 -singlefile output/verksamhetsplan-2023.pdf docs/images/verksamhetsplan-2023-innehall
ls docs/images
