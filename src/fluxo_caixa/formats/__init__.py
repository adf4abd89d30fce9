"""File formats of the exports and imports: a CSV a Brazilian's Excel reads right, and XLSX.

Depends only on the domain: the consolidado service writes these files and the importer
(db layer) reads the CSV back, so neither imports the other.
"""
