CREATE (a)-->(b)
