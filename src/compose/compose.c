typedef int cp_placeholder_unit;
