//! Integration tests of the evaluation crate on the public data sets in `../shared/data`;
//! every test skips with a message when its data set is absent.

mod duc2006;
mod polnear;
