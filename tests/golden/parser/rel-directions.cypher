MATCH (a)-->(b)<--(c)--(d)<-->(e) RETURN a
