// fixture: none
// CALL { ... } IN TRANSACTIONS: the examples of Neo4j's Cypher manual, "CALL subqueries
// in transactions", with its results, then the rules on where it may stand.
// ON ERROR FAIL (the default): the batch that fails is undone, the ones before stay.
UNWIND [4, 2, 1, 0] AS i CALL (i) { CREATE (:Person {num: 100/i}) } IN TRANSACTIONS OF 2 ROWS RETURN i;
MATCH (e:Person) RETURN e.num;
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS;
// ON ERROR CONTINUE: a failed batch's rows get null
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE RETURN i, n.num ORDER BY i;
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE RETURN i, n.num ORDER BY i;
// ON ERROR BREAK: no batch runs after the failure
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 1 ROW ON ERROR BREAK RETURN i, n.num ORDER BY i;
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 2 ROWS ON ERROR BREAK RETURN i, n.num ORDER BY i;
MATCH (e:Person) RETURN e.num, count(*) AS n;
// the status report
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN n.num, s.started, s.committed, s.errorMessage IS NOT NULL AS failed ORDER BY s.transactionId;
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 1 ROW ON ERROR BREAK REPORT STATUS AS s RETURN i, n.num, s.started, s.committed, s.errorMessage ORDER BY i;
UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100/i}) RETURN n } IN TRANSACTIONS OF 1 ROW ON ERROR FAIL REPORT STATUS AS s RETURN n.num, s.errorMessage;
// batches: OF n ROWS, from a parameter too, and a batch larger than the input
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2 ROWS;
UNWIND range(1, 9) AS i CALL (i) { CREATE (:Row {i: i}) } IN TRANSACTIONS OF $limit ROWS;
UNWIND range(1, 3) AS i CALL (i) { MATCH (r:Row {i: i}) SET r.seen = true } IN TRANSACTIONS OF 1000 ROWS;
MATCH (r:Row) RETURN count(r) AS rows, count(r.seen) AS seen;
// a subquery that only reads, and the outer rows the subquery returns for
UNWIND [1, 2, 3] AS x CALL (x) { UNWIND range(1, x) AS y RETURN y } IN TRANSACTIONS OF 2 ROWS RETURN x, y ORDER BY x, y;
UNWIND [1, 2] AS x OPTIONAL CALL (x) { MATCH (r:Row {i: x * 5}) RETURN r.i AS found } IN TRANSACTIONS RETURN x, found ORDER BY x;
// writes after the batches run in the statement's own transaction, after them all
UNWIND range(1, 3) AS i CALL (i) { CREATE (:T {i: i}) } IN TRANSACTIONS OF 2 ROWS WITH count(*) AS n CREATE (:Done {n: n}) RETURN n;
MATCH (d:Done) RETURN d.n;
// a constraint is checked per batch: the batch that breaks it is the one undone
CREATE CONSTRAINT key_unique FOR (k:Key) REQUIRE k.v IS UNIQUE;
UNWIND [1, 2, 2, 3] AS v CALL (v) { CREATE (:Key {v: v}) } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN v, s.committed ORDER BY s.transactionId;
MATCH (k:Key) RETURN k.v;
UNWIND [4, 5, 1, 6] AS v CALL (v) { CREATE (:Key {v: v}) } IN TRANSACTIONS OF 2 ROWS;
MATCH (k:Key) RETURN k.v;
// a unit subquery's failed batch gives back its input rows, all of them, in order
UNWIND [1, 2, 0, 4, 5] AS i CALL (i) { CREATE (:U {num: 100 / i}) } IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE RETURN i;
UNWIND [1, 2, 0, 4, 5] AS i CALL (i) { CREATE (:U {num: 100 / i}) } IN TRANSACTIONS OF 2 ROWS ON ERROR BREAK REPORT STATUS AS s RETURN i, s.committed;
UNWIND [7, 7, 8, 9] AS v CALL (v) { CREATE (:Key {v: v}) } IN TRANSACTIONS OF 3 ROWS ON ERROR CONTINUE REPORT STATUS AS s RETURN v, s.committed;
MATCH (u:U) RETURN u.num ORDER BY u.num;
MATCH (k:Key) WHERE k.v > 6 RETURN k.v ORDER BY k.v;
// the input is read as the batches need it when it reads no graph, else first
EXPLAIN UNWIND range(1, 10) AS i CALL (i) { CREATE (:N {i: i}) } IN TRANSACTIONS OF 5 ROWS;
EXPLAIN MATCH (n:Row) CALL (n) { DETACH DELETE n } IN TRANSACTIONS ON ERROR CONTINUE;
EXPLAIN UNWIND [1] AS i CALL (i) { CREATE (:N) } IN TRANSACTIONS CREATE (:M);
// a subquery that only reads runs in batches too (under the read lock)
UNWIND range(1, 3) AS i CALL (i) { RETURN i * 2 AS d } IN TRANSACTIONS OF 2 ROWS RETURN i, d;
UNWIND [1, 0] AS x CALL (x) { RETURN 1 / x AS y } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN x, y, s.committed;
// errors
CALL { CALL { CREATE () } IN TRANSACTIONS } RETURN 1;
CREATE (:A) WITH 1 AS x CALL (x) { CREATE (:B) } IN TRANSACTIONS;
CALL { CREATE (:A) } IN TRANSACTIONS RETURN 1 AS x UNION RETURN 2 AS x;
UNWIND [1] AS i FOREACH (x IN [1] | CREATE (:A)) WITH i CALL { CREATE (:B) } IN TRANSACTIONS;
CALL { CREATE () } IN TRANSACTIONS ON ERROR RETRY;
CALL { CREATE () } IN 2 CONCURRENT TRANSACTIONS;
CALL { CREATE () } IN CONCURRENT TRANSACTIONS OF 10 ROWS;
CALL { CREATE () } IN TRANSACTION;
CALL { CREATE () } IN TRANSACTIONS OF 10 LINES;
CALL { CREATE () } IN TRANSACTIONS ON ERROR IGNORE;
CALL { CREATE () } IN TRANSACTIONS ON ERROR CONTINUE ON ERROR BREAK;
CALL { CREATE () } IN TRANSACTIONS OF 0 ROWS;
CALL { CREATE () } IN TRANSACTIONS OF 'ten' ROWS;
UNWIND [1, 2] AS i CALL (i) { CREATE () } IN TRANSACTIONS OF i ROWS;
UNWIND [1] AS s CALL { CREATE () } IN TRANSACTIONS ON ERROR CONTINUE REPORT STATUS AS s RETURN s;
