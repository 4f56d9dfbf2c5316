MATCH ALL TRAIL ((a)-[:R]->(b)){,3} ((c)<-[:S]-(d)){2} RETURN a
