-- Arcadia detailed map, a later revision (written for the tests).
return {
	secondaryModules = {
	},
	marks = {
		------------ Provincia Norte
		{ lat = "41.5", long = "20.5", mark = "Location dot red.svg", marksize = "12", label = "[[Puerto Azul]]", link = "Puerto Azul", label_size = "100", position = "right" },
		{ lat = "41.2", long = "20.8", mark = "Location dot red.svg", marksize = "8", label = "[[El Molino (Arcadia)|El Molino]]", link = "El Molino (Arcadia)", label_size = "100", position = "left" },
		{ lat = "41.5", long = "22.5", mark = "Airport icon red.svg", marksize = "10", label = "Cerro Alto airbase", link = "Cerro Alto", label_size = "0", position = "top" },
		------------ Provincia Sur
		{ lat = 40.5, long = 21.5, mark = "Location dot red.svg", marksize = 8, label = "[[Vado Rojo]]", link = "Vado Rojo", position = "right" },
		{ lat = "40.62", long = "22.31", mark = "Location_dot_red.svg", marksize = "8", label = "[[Isla Verde]]<br>(island)", link = "Isla Verde", label_size = "100", position = "left" },
	}
}
