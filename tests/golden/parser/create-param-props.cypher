CREATE (n $props) MERGE (m:M)-[:T]-(n) RETURN n
