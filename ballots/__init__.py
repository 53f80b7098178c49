"""The ballot library: plan the paper (layout), print it (printing), code each sheet (sheetcode),
read scans (reading) and count (rules). Pure: no database, no UI, no application imports."""
