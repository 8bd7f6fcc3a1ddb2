//! Message categories: the four a plan enters, and the five Meta charges.

use std::fmt;
use std::ops::{Index, IndexMut};
use std::str::FromStr;

/// A category the user plans volumes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Marketing,
    Utility,
    Authentication,
    Service,
}

/// A category Meta charges. Authentication-international is derived from authentication (the
/// user never enters it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChargedCategory {
    Marketing,
    Utility,
    Authentication,
    AuthenticationInternational,
    Service,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Marketing,
        Category::Utility,
        Category::Authentication,
        Category::Service,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Marketing => "marketing",
            Category::Utility => "utility",
            Category::Authentication => "authentication",
            Category::Service => "service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Marketing => "Marketing",
            Category::Utility => "Utility",
            Category::Authentication => "Authentication",
            Category::Service => "Service",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl ChargedCategory {
    pub const ALL: [ChargedCategory; 5] = [
        ChargedCategory::Marketing,
        ChargedCategory::Utility,
        ChargedCategory::Authentication,
        ChargedCategory::AuthenticationInternational,
        ChargedCategory::Service,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChargedCategory::Marketing => "marketing",
            ChargedCategory::Utility => "utility",
            ChargedCategory::Authentication => "authentication",
            ChargedCategory::AuthenticationInternational => "authentication_international",
            ChargedCategory::Service => "service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChargedCategory::Marketing => "Marketing",
            ChargedCategory::Utility => "Utility",
            ChargedCategory::Authentication => "Authentication",
            ChargedCategory::AuthenticationInternational => "Authentication-international",
            ChargedCategory::Service => "Service",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The planned category this charged category comes from.
    pub fn planned(self) -> Category {
        match self {
            ChargedCategory::Marketing => Category::Marketing,
            ChargedCategory::Utility => Category::Utility,
            ChargedCategory::Authentication | ChargedCategory::AuthenticationInternational => {
                Category::Authentication
            }
            ChargedCategory::Service => Category::Service,
        }
    }
}

impl From<Category> for ChargedCategory {
    fn from(c: Category) -> ChargedCategory {
        match c {
            Category::Marketing => ChargedCategory::Marketing,
            Category::Utility => ChargedCategory::Utility,
            Category::Authentication => ChargedCategory::Authentication,
            Category::Service => ChargedCategory::Service,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for ChargedCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown category {0:?}: expected one of {1}")]
pub struct UnknownCategory(pub String, pub &'static str);

impl FromStr for Category {
    type Err = UnknownCategory;
    fn from_str(s: &str) -> Result<Category, UnknownCategory> {
        let t = s.trim();
        Category::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                UnknownCategory(s.to_string(), "marketing, utility, authentication, service")
            })
    }
}

impl FromStr for ChargedCategory {
    type Err = UnknownCategory;
    fn from_str(s: &str) -> Result<ChargedCategory, UnknownCategory> {
        let t = s.trim().replace('-', "_");
        ChargedCategory::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(&t))
            .ok_or_else(|| {
                UnknownCategory(
                    s.to_string(),
                    "marketing, utility, authentication, authentication_international, service",
                )
            })
    }
}

impl serde::Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Category, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for ChargedCategory {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One value per planned category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PerCategory<T>(pub [T; 4]);

impl<T> Index<Category> for PerCategory<T> {
    type Output = T;
    fn index(&self, c: Category) -> &T {
        &self.0[c.index()]
    }
}

impl<T> IndexMut<Category> for PerCategory<T> {
    fn index_mut(&mut self, c: Category) -> &mut T {
        &mut self.0[c.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.name().parse::<Category>().unwrap(), c);
        }
        for c in ChargedCategory::ALL {
            assert_eq!(c.name().parse::<ChargedCategory>().unwrap(), c);
        }
        assert_eq!(
            "Authentication-International"
                .parse::<ChargedCategory>()
                .unwrap(),
            ChargedCategory::AuthenticationInternational
        );
        assert!("sales".parse::<Category>().is_err());
    }
}
