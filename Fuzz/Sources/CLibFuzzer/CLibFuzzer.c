// Intentionally empty: SwiftPM needs one source file to make a C module of the header.
