"""Evidence files (bukti dukung): the stored bytes (once per SHA-256), the unit's documents,
the checks of an upload (type, size, content), the download response, and the unit's document
library. Evaluations, findings and plans use it; it imports none of them."""
