MATCH (café:Straße {naïve: 'ü'}) RETURN café.naïve
