MATCH (order:Order)-[call:CALL]->(profile) WITH order, call AS limit RETURN order.id, limit, profile ORDER BY order.id LIMIT 3
