"""Good first issues in the libraries the user's own notebooks and notes use, found with PyGitHub. Never prints or writes a token; never makes a request per issue."""
