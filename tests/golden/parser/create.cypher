CREATE (a:Person {name: 'A'})-[:KNOWS {since: 1}]->(b:Person), (c)
