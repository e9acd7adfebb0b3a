//! The TEI reader: builds the model back from TEI, keeping unknown markup.
