# kgq check on broken corpora: FILE:LINE: reason on stderr and exit status 4, one case
# per kind of mistake (unknown entity with the closest names, unknown column, duplicate
# id, a claim without a source).
for c in unknown-entity unknown-column duplicate-id no-source; do
  $KGQ --corpus ../../fixtures/corpus-$c check
  echo "exit $?"
done
