CREATE (n:Person {name: 'x', })
