# LOAD CSV feeding writes: a CREATE that nothing before it can see and nothing after it
# reads streams row by row (EXPLAIN says so) and still gives what the eager barrier
# would; one that reads what it wrote, or runs after a read of what it writes, keeps
# the barrier; a bad record rolls every row back; MERGE over rows with duplicates;
# IN TRANSACTIONS batches.
cd "$TMPDIR"
mkdir -p data
printf 'id,name\n1,Ann\n2,Bob\n3,Cy\n4,Di\n' > data/people.csv
printf 'src,dst\n1,2\n2,3\n3,1\n1,2\n4,9\n' > data/follows.csv
printf 'src,dst\n1,2\n2,3\n3,1,7\n' > data/bad.csv
printf 'name\nx\ny\nx\nz\ny\n' > data/dups.csv

FOLLOWS="LOAD CSV WITH HEADERS FROM 'follows.csv' AS row MATCH (a:P {id: toInteger(row.src)}), (b:P {id: toInteger(row.dst)}) CREATE (a)-[:F]->(b)"
$KGQ --empty --import-dir data --format csv --stats \
  -c "LOAD CSV WITH HEADERS FROM 'people.csv' AS row CREATE (:P {id: toInteger(row.id), name: row.name})" \
  -c "CREATE INDEX FOR (p:P) ON (p.id)" \
  -c "EXPLAIN $FOLLOWS" \
  -c "$FOLLOWS" \
  -c "MATCH (a:P)-[:F]->(b:P) RETURN a.name, b.name, count(*) AS n ORDER BY a.name, b.name" \
  -c "EXPLAIN $FOLLOWS RETURN count(*) AS created" \
  -c "$FOLLOWS RETURN count(*) AS created" \
  -c "MATCH ()-[f:F]->() RETURN count(f)"
echo "exit=$?"
# Reads of what the statement writes keep the barrier: a later MATCH sees every row's
# node, an earlier scan of the label does not see the new ones (no endless loop), an
# expansion over the type being created sees only the relationships there were.
$KGQ --empty --import-dir data --format csv \
  -c "EXPLAIN LOAD CSV WITH HEADERS FROM 'people.csv' AS row CREATE (n:Q {id: row.id}) WITH n MATCH (m:Q) RETURN n.id, count(m) AS seen" \
  -c "LOAD CSV WITH HEADERS FROM 'people.csv' AS row CREATE (n:Q {id: row.id}) WITH n MATCH (m:Q) RETURN n.id, count(m) AS seen ORDER BY n.id" \
  -c "EXPLAIN MATCH (q:Q) CREATE (:Q {id: q.id + '+'})" \
  -c "MATCH (q:Q) CREATE (:Q {id: q.id + '+'})" \
  -c "MATCH (q:Q) RETURN count(q)" \
  -c "MATCH (a:Q {id: '1'}), (b:Q {id: '2'}) CREATE (a)-[:R]->(b)" \
  -c "EXPLAIN MATCH (a:Q)-[:R]->(b) CREATE (a)-[:R]->(b)" \
  -c "MATCH (a:Q)-[:R]->(b) CREATE (a)-[:R]->(b)" \
  -c "MATCH ()-[r:R]->() RETURN count(r)" \
  -c "EXPLAIN LOAD CSV WITH HEADERS FROM 'people.csv' AS row CREATE (n:Q2) RETURN size([(n)-->() | 1]) AS deg" \
  -c "MATCH (a:Q) CREATE (a)-[:S]->(a) WITH a MATCH (a)-[:S]->(b) RETURN count(*)"
echo "exit=$?"
# A bad record after good ones fails the statement and leaves nothing of it.
$KGQ --empty --import-dir data --format csv --continue \
  -c "CREATE (:P {id: 1}), (:P {id: 2}), (:P {id: 3})" \
  -c "LOAD CSV WITH HEADERS FROM 'bad.csv' AS row MATCH (a:P {id: toInteger(row.src)}), (b:P {id: toInteger(row.dst)}) CREATE (a)-[:F]->(b)" \
  -c "MATCH ()-[f:F]->() RETURN count(f)"
echo "exit=$?"
# MERGE sees what earlier rows merged; IN TRANSACTIONS commits a batch at a time.
$KGQ --empty --import-dir data --format csv --stats \
  -c "LOAD CSV WITH HEADERS FROM 'dups.csv' AS row MERGE (t:T {name: row.name}) RETURN count(*) AS rows" \
  -c "MATCH (t:T) RETURN t.name ORDER BY t.name" \
  -c "EXPLAIN LOAD CSV WITH HEADERS FROM 'dups.csv' AS row CREATE (:U {name: row.name}) WITH row MERGE (v:V {name: row.name}) RETURN count(*) AS rows" \
  -c "LOAD CSV WITH HEADERS FROM 'dups.csv' AS row CREATE (:U {name: row.name}) WITH row MERGE (v:V {name: row.name}) RETURN count(*) AS rows" \
  -c "MATCH (u:U) WITH count(u) AS u MATCH (v:V) RETURN u, count(v) AS v" \
  -c "EXPLAIN LOAD CSV WITH HEADERS FROM 'dups.csv' AS row CALL (row) { CREATE (:W {name: row.name}) } IN TRANSACTIONS OF 2 ROWS" \
  -c "LOAD CSV WITH HEADERS FROM 'dups.csv' AS row CALL (row) { CREATE (:W {name: row.name}) } IN TRANSACTIONS OF 2 ROWS" \
  -c "MATCH (w:W) RETURN w.name, count(*) ORDER BY w.name"
echo "exit=$?"
