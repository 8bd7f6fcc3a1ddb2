//! Meta's own rate and tier downloads.
