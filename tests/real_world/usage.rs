//! Graph API analytics responses and providers' usage exports.
