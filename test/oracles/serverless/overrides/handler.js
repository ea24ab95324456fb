exports.x = async () => 1;
