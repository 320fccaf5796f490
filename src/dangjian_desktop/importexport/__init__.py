"""Spreadsheet readers and writers: parse files users bring, write files users take away. No SQL, no Qt."""
