-- Arcadia detailed map: an excerpt written for the tests in the shape of a
-- Wikipedia detailed-map module (marks with lat, long, an icon and a label).
return {
	secondaryModules = {
	},
	marks = {
		------------ Provincia Norte
		{ lat = "41.5", long = "20.5", mark = "Location dot blue.svg", marksize = "12", label = "[[Puerto Azul]]", link = "Puerto Azul", label_size = "100", position = "right" },
		{ lat = "41.2", long = "20.8", mark = "Location dot red.svg", marksize = "8", label = "[[El Molino (Arcadia)|El Molino]]", link = "El Molino (Arcadia)", label_size = "100", position = "left" },
		{ lat = "41.5", long = "22.5", mark = "Airport icon red.svg", marksize = "10", label = "Cerro Alto airbase", link = "Cerro Alto", label_size = "0", position = "top" },
		------------ Provincia Sur
		{ lat = 40.5, long = 21.5, mark = "Location dot red.svg", marksize = 8, label = "[[Vado Rojo]]", link = "Vado Rojo", position = "right" },
		{ lat = "40.62", long = "22.31", mark = "Map-ctl2-red+blue.svg", marksize = "8", label = "[[Isla Verde]]", link = "Isla Verde", label_size = "100", position = "left" }, -- shared
		{ lat = "40.9", long = "21.1", mark = "Abm-red-icon.png", marksize = "15", label = "", link = "", label_size = "0", position = "top" },
		--[=[ an older mark, kept commented out:
		{ lat = "40.1", long = "20.1", mark = "Location dot blue.svg", label = "[[Old Ford]]" },
		]=]
	}
}
