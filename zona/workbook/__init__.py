"""The official LKE workbook (Excel) in and out, and CSV/XLSX exports of every list."""
