"""Organisations taking part in a Zona Integritas: instansi, unit kerja, their facts and history."""
