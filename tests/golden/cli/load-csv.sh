# LOAD CSV: lists and maps of strings, linenumber() and file(), RFC 4180 with a BOM,
# CRLF and quoted line breaks, FIELDTERMINATOR, gzip, writes from rows, the import
# directory's confinement, and bad data as FILE:LINE errors at the clause.
cd "$TMPDIR"
mkdir -p data/sub outside
printf '\xef\xbb\xbfname,born,note\r\nAda,1815,"first, programmer"\r\nAlan,1912,\r\n"Grace ""Amazing""",1906,"two\nlines"\r\nEmpty,,""\r\n' > data/people.csv
printf 'a\tb\n1\t2\n' > data/tabs.tsv
printf 'x;y\n1;2\n3;4\n' > data/semi.csv
seq 1 5000 | gzip > data/numbers.csv.gz
printf 'secret\n' > outside/secret.csv
ln -s ../../outside/secret.csv data/sub/escape.csv
printf 'h1,h2\n1,2,3\n' > data/extra.csv
printf 'h\nok\n"never closed\n' > data/open.csv
printf 'h\nok\n\xff\n' > data/latin1.csv
printf 'a,a\n1,2\n' > data/dup.csv
head -c 2000 data/numbers.csv.gz > data/cut.csv.gz

$KGQ --empty --import-dir data --format csv \
  -c "LOAD CSV FROM 'file:///people.csv' AS row RETURN row, linenumber() AS line" \
  -c "LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row RETURN row.name, row.born, row.note, linenumber() AS line, file() ENDS WITH '/people.csv' AS f" \
  -c "LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row WITH collect(row) AS rows, collect(row.name) AS names RETURN size(rows), [r IN rows | r.name] = names AS same, rows[0].born, rows[-1].name" \
  -c "LOAD CSV WITH HEADERS FROM 'tabs.tsv' AS row FIELDTERMINATOR '\t' RETURN row" \
  -c "LOAD CSV WITH HEADERS FROM 'file:semi.csv' AS row FIELDTERMINATOR ';' RETURN toInteger(row.x) + toInteger(row.y) AS sum" \
  -c "LOAD CSV FROM 'file:///numbers.csv.gz' AS row RETURN count(*), sum(toInteger(row[0]))" \
  -c "UNWIND ['semi.csv', 'tabs.tsv'] AS f LOAD CSV FROM f AS row RETURN f, count(row)" \
  -c "RETURN linenumber(), file()" \
  -c "EXPLAIN LOAD CSV WITH HEADERS FROM 'semi.csv' AS row FIELDTERMINATOR ';' CREATE (:P {x: row.x}) RETURN 1"
echo "exit=$?"
# Rows create nodes; a failing statement changes nothing.
$KGQ --empty --import-dir data --format csv --stats \
  -c "LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row CREATE (p:Person {name: row.name, born: toInteger(row.born)})" \
  -c "MATCH (p:Person) RETURN p.name, p.born ORDER BY p.born" \
  -c "LOAD CSV WITH HEADERS FROM 'file:///extra.csv' AS row CREATE (:Bad {h: row.h1})" \
  --continue -c "MATCH (b:Bad) RETURN count(b)"
echo "exit=$?"
# What cannot be read.
for url in 'http://example.com/a.csv' 'https://example.com/a.csv' 'file://elsewhere/a.csv' \
    'file:///../outside/secret.csv' 'sub/../people.csv' 'sub/escape.csv' 'missing.csv' 'sub' \
    'extra.csv' 'open.csv' 'latin1.csv' 'dup.csv' 'cut.csv.gz'; do
  $KGQ --empty --import-dir data -c "LOAD CSV WITH HEADERS FROM '$url' AS row RETURN count(*)" 2>&1 >/dev/null | head -1
done
# A data error points at the LOAD CSV clause wherever it stands, and names FILE:LINE of the row.
printf 'UNWIND [1, 2] AS i\nWITH i WHERE i > 1\n  LOAD CSV WITH HEADERS FROM "extra.csv" AS row\nRETURN i, row;\n' > late.cypher
$KGQ --empty --import-dir data run late.cypher
$KGQ --empty --import-dir data -c "UNWIND [1] AS i CALL { LOAD CSV FROM 'open.csv' AS row RETURN row } RETURN row"
$KGQ --empty --import-dir data -c "LOAD CSV FROM 42 AS row RETURN row"
$KGQ --empty --import-dir data -c "LOAD CSV FROM 'semi.csv' AS row FIELDTERMINATOR ';;' RETURN row"
$KGQ --empty --import-dir data -c "LOAD CSV FROM 'semi.csv' AS row"
$KGQ --empty --import-dir nowhere -c "RETURN 1"
echo "exit=$?"
# The default import directory is the current one; LOAD and CSV stay usable as names.
cd data
$KGQ --empty --format csv -c "LOAD CSV FROM 'semi.csv' AS load RETURN load" -c "WITH 1 AS csv, 2 AS from RETURN csv + from AS headers"
echo "exit=$?"
# A column that repeats its value from one record to the next (the previous string is
# kept), changes length, turns empty, quoted empty or missing: each row's own values.
printf 'k,v\na,1\na,1\na,\nab,"1"\nab,2\n,2\n"",2\nb\nb,3\n' > repeat.csv
$KGQ --empty --format csv \
  -c "LOAD CSV WITH HEADERS FROM 'repeat.csv' AS row CREATE (:R {k: row.k, v: row.v, line: linenumber()})" \
  -c "MATCH (r:R) RETURN r.line, r.k, r.v ORDER BY r.line" \
  -c "LOAD CSV WITH HEADERS FROM 'repeat.csv' AS row WITH collect(row) AS rows RETURN rows" \
  -c "LOAD CSV WITH HEADERS FROM 'repeat.csv' AS row RETURN row.k IS NULL AS none, row.k = '' AS empty, row.v"
echo "exit=$?"
