CREATE (a)-[:FOO]-(b)
