MATCH shortest = (trail)-->(walk) RETURN shortest, trail, walk
