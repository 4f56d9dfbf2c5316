MATCH (a:Person {name: 'Alice'}) RETURN a
