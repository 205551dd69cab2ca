fn main() {
    std::process::exit(draftdiff::run());
}
