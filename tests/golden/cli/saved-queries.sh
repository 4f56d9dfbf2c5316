# Every saved query in queries/ run against the bundled corpus: the answers about the
# closing ceremony, each with the reports that support it.
corpus=${KG_CORPUS_DIR:-../../../corpus}
for q in ../../../queries/*.cypher; do
  echo "== $(basename "$q")"
  $KGQ --corpus "$corpus" --format tsv run "$q"
done
