// A large comparison is mostly fresh memory, and a page fault costs microseconds on the
// virtual machines this runs on: mimalloc reuses freed memory where glibc's allocator hands
// large blocks back at once (see the README's dependency section, and why without huge
// pages).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(draftdiff::run());
}
