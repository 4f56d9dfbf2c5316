MATCH (order:Order) RETURN [order IN orders WHERE order.x | order.id], [limit = (a)-->() | limit], any(order IN orders WHERE order.x)
