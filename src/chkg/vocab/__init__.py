"""The project's vocabulary: its namespace (:mod:`~chkg.vocab.namespace`), the one table of
entity kinds (:mod:`~chkg.vocab.kinds`) and the one CURIE converter (:mod:`~chkg.vocab.curies`)."""
