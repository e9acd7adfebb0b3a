//! Datelines and dates: "Baku, 5 November 1920, 22:15", "October 12 or 13, 1920".
